import type { AnswersText } from '../zh-CN/answers.ts';

const tapAgainLater = 'Please tap the link again in a moment; tapping twice records it once.';

export const answers: AnswersText = {
  confirm: 'Record it',
  closedEffect:
    'Once confirmed, this customer leaves the daily lists from tomorrow and counts as lost; an order from it brings it back.',
  confirmClosed: 'Yes, the shop has closed',
  recording: 'Recording… If this page stays, tap the button above.',
  why: 'Why is it not a real risk?',
  reasonRefused: 'That reason is not on the list; nothing was recorded. Choose one below.',
  whatDone: 'What did you do about this warning?',
  recorded: 'Recorded: ',
  already: 'Already recorded: ',
  nothingMore: 'Nothing more to do.',
  effect: {
    visit: (day) => `Counted as a visit on ${day}.`,
    coupon: (day) => `Counted as a coupon issued on ${day}.`,
    snoozed: (until) =>
      `No more reminders about this customer until ${until}; a new signal still gets through.`,
    closed:
      'From the next evaluation this customer leaves the daily list and counts as lost; if it orders again, it is watched again.',
    episodeEnded: 'This warning has already ended; your answer is kept with it.',
    called: 'Counted as following up the warning.',
  },
  notice: {
    expired: {
      title: 'This link has expired',
      body: 'Nothing was recorded. Use the link in your latest digest.',
    },
    invalid: {
      title: 'This link is not valid',
      body: 'The link is incomplete or was changed; nothing was recorded. Open it again from the digest.',
    },
    off: {
      title: 'One-tap answers are turned off',
      body: 'Your admin turned this off; nothing was recorded.',
    },
    not_offered: {
      title: 'This answer is no longer offered',
      body: 'Your admin changed the answers on offer; nothing was recorded.',
    },
    error: {
      title: 'Could not record this just now',
      body: tapAgainLater,
    },
    busy: {
      title: 'Too many requests',
      body: tapAgainLater,
    },
    bad_request: {
      title: 'Not a valid request',
      body: 'Nothing was recorded. Open the link again from the digest.',
    },
  },
  gateway: {
    unreadable: 'The request could not be read.',
    keyUnavailable: 'This cannot be recorded right now; tap again shortly.',
    failed: 'Something went wrong and nothing was recorded; try again later.',
  },
  error: {
    alertContention: (customerId) =>
      `the alert record of customer ${customerId} kept changing; try again shortly`,
    effectRefused: (customerId, problem) =>
      `the answer about customer ${customerId} could not be stored as a visit or coupon: ${problem}`,
  },
};
