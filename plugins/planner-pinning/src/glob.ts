/** A glob over tensor names: `*` any run of characters (slashes included), `?` one; the whole name must match. */
export function globMatcher(pattern: string): (name: string) => boolean {
  const source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  const re = new RegExp(`^${source}$`, 's');
  return (name) => re.test(name);
}
