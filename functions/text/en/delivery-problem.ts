import type { DeliveryProblemText } from '../zh-CN/delivery-problem.ts';

// The English is what the notifier said before its problems were stored as codes (its log still says it),
// word for word, except that a robot given up for another way is named once (it said `WeCom robot: WeCom
// robot …r02: …`): it also names the setting or record to fix.
export const deliveryProblem: DeliveryProblemText = {
  emailNotSetUp: 'email is not set up',
  noAddress: (recipient) => `${recipient} has neither an email address nor a WeCom robot`,
  noFallbackEmail: 'no email address to fall back to',
  robotBroken: (errcode, since) => `the WeCom robot is marked broken (${errcode} since ${since})`,
  robotError: (p) =>
    `WeCom robot ${p.robot}: errcode ${p.errcode}${p.errmsg ? ` (${p.errmsg})` : ''}${
      p.retried === null
        ? ''
        : `, still ${p.retried.still} after ${p.retried.attempts} ${p.retried.attempts === 1 ? 'attempt' : 'attempts'}`
    }`,
  robotFallback: (detail) => `WeCom robot: ${detail}`,
  robotSaid: (robot, detail) => `WeCom robot ${robot}: ${detail}`,
  robotUnreachable: (robot, detail) => `WeCom robot ${robot}: network error: ${detail}`,
  noManagerToTell: (repId) => `${repId} has no manager on record to tell`,
  noRep: 'customers without a rep: assign them in the customers table',
  noManager: 'the reps of these customers have no manager on record',
  notInReps: (recipient) => `${recipient} is not in the reps table`,
  senderStopped: 'the sender stopped while sending; not resent automatically to avoid a duplicate',
  robotNoAnswer: (robot, detail) =>
    `WeCom robot ${robot}: ${detail}: the message may have arrived, so it is not resent automatically (to avoid a duplicate)`,
  sesNoAnswer: (network) =>
    `No answer from SES (${network}): the email may have been sent, so it is not resent automatically (to avoid a duplicate)`,
  stale: (day) => `stale: not sent by ${day}; its customers go in that day's message instead`,
  noAnswerWithin: (ms) => `no answer within ${ms} ms`,
  gatewayTimeout: 'HTTP 504 (gateway timeout)',
  wecomErrcode: {
    '93000': 'the robot address is invalid or the robot was removed: give the rep another robot address',
    '93004': 'the robot is disabled: enable it again in the group, or give another robot address',
    '45009': 'sent too often; retried later by itself',
    '-1': 'WeCom is busy; retried later by itself',
    '40058': 'the message is too long',
  },
  separator: '; ',
  noticeUnsent: (repId, managerId, errcode) =>
    managerId === null
      ? `note: the WeCom robot of ${repId} is broken (errcode ${errcode}) and ${repId} has no manager to tell: give ${repId} another robot address`
      : `note: the WeCom robot of ${repId} is broken (errcode ${errcode}) and the notice was not sent: ${repId}'s manager ${managerId} is not in the reps table (add ${managerId} or correct ${repId}'s manager), and give ${repId} another robot address`,
};
