import type { DType } from '@anvil/core';

/** C identifier from any name: lower-case, [a-z0-9_], not starting with a digit. */
export function cIdent(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/_+/g, '_');
  return /^[0-9]/.test(s) ? `m_${s}` : s || 'model';
}

export function cType(dtype: DType): string {
  switch (dtype) {
    case 'int8':
      return 'int8_t';
    case 'uint8':
    case 'bool':
      return 'uint8_t';
    case 'int16':
      return 'int16_t';
    case 'int32':
      return 'int32_t';
    case 'int64':
      return 'int64_t';
    case 'float32':
      return 'float';
  }
}

/** An int32 literal; INT32_MIN cannot be written as a plain negative literal in C. */
export function cInt(v: number): string {
  return v === -2147483648 ? '(-2147483647 - 1)' : String(v);
}

/** Comma-separated values, wrapped at a readable width. */
export function cList(values: ArrayLike<number>, format: (v: number) => string = cInt): string {
  const parts: string[] = [];
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const item = `${format(values[i] as number)},`;
    if (line.length + item.length > 100) {
      parts.push(line);
      line = '';
    }
    line += line ? ` ${item}` : item;
  }
  if (line) parts.push(line);
  return parts.map((l) => `  ${l}`).join('\n');
}

/** A float32 value as an exact C hexadecimal-free literal (9 significant digits round-trip). */
export function cFloat(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`cannot write ${v} as a C float`);
  const s = Math.fround(v).toPrecision(9);
  return `${s.includes('e') || s.includes('.') ? s : `${s}.0`}f`;
}

/** `static const T name[n] = {...};` */
export function cArray(type: string, name: string, values: ArrayLike<number>, format?: (v: number) => string): string {
  return `static const ${type} ${name}[${values.length}] = {\n${cList(values, format)}\n};`;
}

/** Text safe inside a C comment: a model's names are the user's, and may close the comment or hold newlines. */
export function cComment(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/[\r\n]+/g, ' ');
}
