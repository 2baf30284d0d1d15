export type TextPosition = Readonly<{ line: number; column: number }>;

/** 1-based line and column of a string index, as editors count them. */
export function positionOf(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** The line holding `offset`, numbered, with a caret under the column (tabs kept so the caret lines up); '' for a blank line. */
export function excerptAt(text: string, offset: number): string {
  const { line, column } = positionOf(text, offset);
  const source = (text.split('\n')[line - 1] ?? '').replace(/\r$/, '');
  if (source.trim() === '') return '';
  const gutter = `${line} | `;
  const pad = source.slice(0, column - 1).replace(/[^\t]/g, ' ');
  return `${gutter}${source}\n${' '.repeat(gutter.length - 2)}| ${pad}^`;
}
