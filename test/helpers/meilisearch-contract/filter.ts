import { badRequest, notModelled } from './errors.ts';
import { normalize } from './query-syntax.ts';

/** A parsed filter: a test on one document. */
export type Filter = (document: Record<string, unknown>) => boolean;

const invalid = (message: string) => badRequest(message, 'invalid_search_filter');

/** Tokens of Meilisearch's filter language: quoted strings, brackets, commas, parentheses, and bare words. */
function lex(source: string): Array<{ text: string; quoted: boolean; at: number }> {
  const tokens: Array<{ text: string; quoted: boolean; at: number }> = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let text = '';
      const at = i++;
      while (i < source.length && source[i] !== c) {
        if (source[i] === '\\' && i + 1 < source.length) i++;
        text += source[i++];
      }
      if (i >= source.length) throw invalid(`Expression \`${source.slice(at)}\` is missing a closing quote \`${c}\`.`);
      i++;
      tokens.push({ text, quoted: true, at });
    } else if ('[](),'.includes(c)) {
      tokens.push({ text: c, quoted: false, at: i++ });
    } else if ('=!<>'.includes(c)) {
      const op = source.slice(i).match(/^(!=|>=|<=|=|<|>)/)?.[0];
      if (!op) throw invalid(`Was expecting an operation \`=\`, \`!=\`, \`>=\`, \`>\`, \`<=\`, \`<\` at \`${source.slice(i)}\`.`);
      tokens.push({ text: op, quoted: false, at: i });
      i += op.length;
    } else {
      const word = source.slice(i).match(/^[^\s"'[\](),=!<>]+/)![0];
      tokens.push({ text: word, quoted: false, at: i });
      i += word.length;
    }
  }
  return tokens;
}

function equal(value: unknown, literal: string): boolean {
  if (Array.isArray(value)) return value.some((v) => equal(v, literal));
  if (typeof value === 'number') return Number(literal) === value;
  if (typeof value === 'boolean') return String(value) === literal;
  return typeof value === 'string' && normalize(value) === normalize(literal);
}

/** `a = "x" AND (b IN [1, 2] OR NOT c != y)`; attributes must be filterable, as Meilisearch checks. */
export function parseFilter(source: unknown, filterable: string[]): Filter | undefined {
  if (source === null || source === undefined) return undefined;
  if (Array.isArray(source)) throw notModelled('filters given as arrays');
  if (typeof source !== 'string') throw invalid(`Invalid syntax for the filter parameter: \`expected String, Array, found: ${JSON.stringify(source)}\`.`);
  if (source.trim() === '') return undefined;
  const tokens = lex(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const keyword = (word: string) => peek() && !peek().quoted && peek().text.toUpperCase() === word;
  const take = () => {
    const token = tokens[pos++];
    if (!token) throw invalid(`Was expecting a value but instead got nothing at the end of \`${source}\`.`);
    return token;
  };
  const attribute = (): string => {
    const token = take();
    if (!filterable.includes(token.text)) {
      const available = filterable.length ? filterable.map((a) => `\`${a}\``).join(', ') : 'none';
      throw invalid(`Attribute \`${token.text}\` is not filterable. Available filterable attribute patterns are: ${available}.\n${token.at}:${token.at + token.text.length} ${source}`);
    }
    return token.text;
  };
  const condition = (): Filter => {
    const name = attribute();
    if (keyword('IN')) {
      pos++;
      if (take().text !== '[') throw invalid(`Expected \`[\` after \`IN\` keyword in \`${source}\`.`);
      const values: string[] = [];
      while (peek() && peek().text !== ']') {
        values.push(take().text);
        if (peek()?.text === ',') pos++;
      }
      if (take().text !== ']') throw invalid(`Expected matching \`]\` in \`${source}\`.`);
      return (doc) => values.some((v) => equal(doc[name], v));
    }
    const op = take().text;
    const literal = take().text;
    if (op === '=') return (doc) => equal(doc[name], literal);
    if (op === '!=') return (doc) => !equal(doc[name], literal);
    if (['<', '<=', '>', '>='].includes(op)) throw notModelled(`the \`${op}\` filter operator`);
    throw invalid(`Was expecting an operation \`=\`, \`!=\`, \`>=\`, \`>\`, \`<=\`, \`<\`, \`IN\` at \`${source}\`.`);
  };
  const primary = (): Filter => {
    if (keyword('NOT')) {
      pos++;
      const inner = primary();
      return (doc) => !inner(doc);
    }
    if (peek()?.text === '(') {
      pos++;
      const inner = or();
      if (take().text !== ')') throw invalid(`Expression \`${source}\` is missing a closing parenthesis.`);
      return inner;
    }
    return condition();
  };
  const and = (): Filter => {
    const parts = [primary()];
    while (keyword('AND')) {
      pos++;
      parts.push(primary());
    }
    return (doc) => parts.every((p) => p(doc));
  };
  const or = (): Filter => {
    const parts = [and()];
    while (keyword('OR')) {
      pos++;
      parts.push(and());
    }
    return (doc) => parts.some((p) => p(doc));
  };
  const filter = or();
  if (pos < tokens.length) throw invalid(`Found unexpected characters at the end of the filter: \`${source.slice(tokens[pos].at)}\`.`);
  return filter;
}
