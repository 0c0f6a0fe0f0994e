/** What the local WeCom receiver keeps and shows: shared by the server, its page and the markdown preview. */

export type WecomMsgtype = 'markdown' | 'markdown_v2' | 'text';

/** One message a robot accepted and would have posted to its group. */
export interface ReceivedMessage {
  /** Increases in order of arrival, across robots. */
  id: number;
  /** The robot's key, masked: keys are secrets and these records end up on pages and in JSON. */
  robot: string;
  /** ISO 8601, from the receiver's clock. */
  receivedAt: string;
  msgtype: WecomMsgtype;
  content: string;
  /** UTF-8 bytes of `content`, the unit the limits are in. */
  bytes: number;
  /** `text.mentioned_list` (user ids, `@all`); empty for markdown. */
  mentionedList: string[];
  mentionedMobileList: string[];
}

/** A send the robot refused, kept so a developer can see why a digest did not arrive. */
export interface RejectedSend {
  id: number;
  robot: string;
  receivedAt: string;
  errcode: number;
  errmsg: string;
}

/** What the page and `/messages.json` show about a registered robot. */
export interface RobotSummary {
  robot: string;
  disabled: boolean;
  /** Newest first. */
  messages: ReceivedMessage[];
}
