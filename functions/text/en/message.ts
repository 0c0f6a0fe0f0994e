import type { MessageText } from '../zh-CN/message.ts';

export const message: MessageText = {
  colon: ': ',
  comma: ', ',
  semicolon: '; ',
  withCount: (title, count) => `${title} (${count})`,
  aside: (text) => ` (${text})`,
  customerId: (id) => `id ${id}`,
  rep: (name) => `rep ${name}`,
  firstPart: (n) => ` (${n})`,
  laterPart: (n) => ` (cont. ${n})`,
  continued: ' (cont.)',
  cutShort: ' (too long, cut short)',
  configVersionShort: 'Config version',
  configVersion: (version) => `Rule configuration version: ${version}`,
  noneItem: '- none',
};
