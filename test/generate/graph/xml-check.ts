// A small XML well-formedness check for tests: tags nest and close, attributes are quoted, entities
// are known or numeric, no stray "<" or "&" in text. Returns the problems found (empty when fine).

const NAME = "[A-Za-z_:][-A-Za-z0-9_.:]*";
const ATTRIBUTE = new RegExp(`^\\s+(${NAME})\\s*=\\s*("[^"<]*"|'[^'<]*')`);
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g;

function checkText(text: string, where: number, problems: string[]): void {
  if (text.replace(ENTITY, "").includes("&")) problems.push(`bare & near offset ${where}`);
}

function checkAttributes(body: string, where: number, problems: string[]): void {
  let rest = body;
  const seen = new Set<string>();
  while (rest.trim() !== "") {
    const m = ATTRIBUTE.exec(rest);
    if (!m) {
      problems.push(`malformed attributes "${rest.trim().slice(0, 40)}" at offset ${where}`);
      return;
    }
    if (seen.has(m[1]!)) problems.push(`duplicate attribute ${m[1]} at offset ${where}`);
    seen.add(m[1]!);
    checkText(m[2]!, where, problems);
    rest = rest.slice(m[0].length);
  }
}

export function checkWellFormedXml(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const tag = new RegExp(`^<(/?)(${NAME})([^>]*?)(/?)>`, "s");
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    checkText(text, i, problems);
    if (stack.length === 0 && text.trim() !== "") problems.push(`text outside the root at offset ${i}`);
    if (lt < 0) break;
    const rest = xml.slice(lt);
    if (rest.startsWith("<?")) {
      const end = xml.indexOf("?>", lt);
      if (end < 0 || lt !== 0) problems.push(`misplaced or unterminated declaration at offset ${lt}`);
      i = end < 0 ? xml.length : end + 2;
      continue;
    }
    if (rest.startsWith("<!--")) {
      const end = xml.indexOf("-->", lt);
      if (end < 0) problems.push(`unterminated comment at offset ${lt}`);
      i = end < 0 ? xml.length : end + 3;
      continue;
    }
    const m = tag.exec(rest);
    if (!m) {
      problems.push(`malformed tag at offset ${lt}: ${rest.slice(0, 40)}`);
      break;
    }
    const [whole, closing, name, attrs, selfClosing] = m;
    if (closing) {
      if (attrs!.trim() !== "" || selfClosing) problems.push(`malformed end tag </${name}> at offset ${lt}`);
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? "nothing"}> at offset ${lt}`);
    } else {
      checkAttributes(attrs!, lt, problems);
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name!);
    }
    i = lt + whole!.length;
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(" > ")}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
