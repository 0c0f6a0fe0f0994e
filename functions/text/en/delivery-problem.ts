import type { DeliveryProblemText } from '../zh-CN/delivery-problem.ts';

// The notifier already speaks English: its own words, which also name the setting or record to fix.
export const deliveryProblem: DeliveryProblemText = {
  emailNotSetUp: (original) => original,
  noAddress: (_recipient, original) => original,
  noFallbackEmail: (original) => original,
  robotBroken: (_errcode, _since, original) => original,
  robotError: (_robot, _errcode, _meaning, _tries, _rest, original) => original,
  robotFallback: (_detail, original) => original,
  robotUnreachable: (_robot, _detail, original) => original,
  noManagerToTell: (_repId, original) => original,
  noRep: (original) => original,
  noManager: (original) => original,
  senderStopped: (original) => original,
  robotNoAnswer: (_robot, _detail, original) => original,
  sesNoAnswer: (_detail, original) => original,
  stale: (_day, original) => original,
  noAnswerWithin: (_ms, original) => original,
  gatewayTimeout: (original) => original,
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
