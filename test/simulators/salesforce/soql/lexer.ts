/** SOQL tokens: identifiers (with dots), quoted strings, numbers, date/datetime literals, operators. */

export type TokenKind = 'ident' | 'string' | 'number' | 'datetime' | 'date' | 'op' | 'punct' | 'eof';

export interface Token {
	kind: TokenKind;
	text: string;
	/** 0-based offset in the query, for Salesforce-style "ERROR at Row:1:Column:n" messages. */
	pos: number;
}

export class SoqlError extends Error {
	constructor(readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE', message: string) {
		super(message);
	}
}

/** Salesforce's error format: the query, a caret under the offending column, then the message. */
export function located(query: string, pos: number, message: string): string {
	return `\n${query}\n${' '.repeat(pos)}^\nERROR at Row:1:Column:${pos + 1}\n${message}`;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^-?\d+(\.\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_.]*(:\d+)?/;
const OPS = ['!=', '<>', '<=', '>=', '=', '<', '>'];

export function tokenize(query: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < query.length) {
		const ch = query[i];
		if (/\s/.test(ch)) {
			i++;
			continue;
		}
		const rest = query.slice(i);
		if (ch === "'") {
			const end = readString(query, i);
			tokens.push({ kind: 'string', text: unescape(query.slice(i + 1, end)), pos: i });
			i = end + 1;
			continue;
		}
		const m =
			match('datetime', DATETIME, rest) ?? match('date', DATE, rest) ?? match('number', NUMBER, rest) ?? match('ident', IDENT, rest);
		if (m) {
			tokens.push({ ...m, pos: i });
			i += m.text.length;
			continue;
		}
		const op = OPS.find((o) => rest.startsWith(o));
		if (op) {
			tokens.push({ kind: 'op', text: op === '<>' ? '!=' : op, pos: i });
			i += op.length;
			continue;
		}
		if ('(),'.includes(ch)) {
			tokens.push({ kind: 'punct', text: ch, pos: i });
			i++;
			continue;
		}
		throw new SoqlError('MALFORMED_QUERY', located(query, i, `unexpected token: '${ch}'`));
	}
	tokens.push({ kind: 'eof', text: '', pos: query.length });
	return tokens;
}

function match(kind: TokenKind, re: RegExp, rest: string): { kind: TokenKind; text: string } | undefined {
	const m = re.exec(rest);
	return m ? { kind, text: m[0] } : undefined;
}

function readString(query: string, start: number): number {
	for (let i = start + 1; i < query.length; i++) {
		if (query[i] === '\\') i++;
		else if (query[i] === "'") return i;
	}
	throw new SoqlError('MALFORMED_QUERY', located(query, start, 'unterminated string literal'));
}

function unescape(s: string): string {
	return s.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' })[c] ?? c);
}
