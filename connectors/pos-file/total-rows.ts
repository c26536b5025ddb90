import { parseDecimal } from './mapping';

/**
 * Footer and subtotal rows of a POS export (合计, 总计, 小计, Total, Subtotal): sums, not members. Read as a
 * member, 合计 would become a profile named "合计" holding every member's points.
 */

/** Chinese labels by prefix (合计：, 合计(128人)); English ones as whole words, so a member named Summer is not a sum. */
const TOTAL_LABEL = /^(本页合计|合计|总计|小计|总合计|累计|共计|汇总|共\d+(?:条|人|行|笔|名)|(?:grandtotal|subtotal|total|sum)(?![a-z]))/;
const IDENTITY_TARGETS = ['member_card', 'phone', 'full_name', 'store'];

/** The label that marks the row as a total (`合计`, or `sums only` for a row of bare numbers), else undefined. */
export function totalRowLabel(cells: readonly string[], targets: readonly (string | undefined)[]): string | undefined {
  const first = cells.find((cell) => cell.trim() !== '');
  if (first === undefined) return undefined;
  const label = first.normalize('NFKC').toLowerCase().replace(/[\s:：]/g, '');
  const match = TOTAL_LABEL.exec(label);
  if (match) return match[1];
  // No card, phone, name or store, and nothing but numbers: a sums row without a label.
  const identified = cells.some((cell, column) => cell.trim() !== '' && IDENTITY_TARGETS.includes(targets[column] ?? ''));
  const filled = cells.filter((cell) => cell.trim() !== '');
  if (!identified && filled.length > 0 && filled.every((cell) => parseDecimal(cell) !== undefined)) return 'sums-only';
  return undefined;
}
