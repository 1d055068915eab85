/**
 * Checks that every element of an SVG (or any XML) is closed in order and every attribute value is
 * quoted, with no stray `<` or `>` in text: well-formed enough for the charts we draw as strings.
 */
export function wellFormed(xml: string): boolean {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    if (/[<>]/.test(xml.slice(last, m.index))) return false;
    last = m.index + m[0].length;
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else stack.push(name ?? '');
  }
  return stack.length === 0 && !/[<>]/.test(xml.slice(last));
}
