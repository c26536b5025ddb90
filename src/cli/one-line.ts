/** Keeps a message on its line, so tab-separated and line-based output stays parseable. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
