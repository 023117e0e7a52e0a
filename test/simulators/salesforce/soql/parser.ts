/**
 * A recursive-descent parser for the SOQL subset the connectors use: SELECT fields (or COUNT())
 * FROM object [WHERE …] [ORDER BY …] [LIMIT n] [OFFSET n]. WHERE supports = != < <= > >=, IN /
 * NOT IN, LIKE, INCLUDES / EXCLUDES, AND / OR / NOT with parentheses, and rejects AND mixed with OR
 * without parentheses, as Salesforce does.
 */
import { located, SoqlError, tokenize, type Token } from './lexer';

export type Literal =
	| { kind: 'string'; value: string }
	| { kind: 'number'; value: number }
	| { kind: 'boolean'; value: boolean }
	| { kind: 'null' }
	| { kind: 'datetime'; value: number }
	| { kind: 'date'; value: string }
	| { kind: 'dateLiteral'; name: string; n?: number };

export interface FieldRef {
	name: string;
	pos: number;
}

export type Condition =
	| { kind: 'and' | 'or'; parts: Condition[] }
	| { kind: 'not'; cond: Condition }
	| { kind: 'cmp'; field: FieldRef; op: string; value: Literal; pos: number }
	| { kind: 'in'; field: FieldRef; negate: boolean; values: Literal[]; pos: number }
	| { kind: 'like'; field: FieldRef; pattern: string }
	| { kind: 'includes'; field: FieldRef; negate: boolean; values: string[] };

export interface OrderItem {
	field: FieldRef;
	descending: boolean;
	nullsLast: boolean;
}

export interface SoqlQuery {
	count: boolean;
	fields: FieldRef[];
	object: FieldRef;
	where?: Condition;
	orderBy: OrderItem[];
	limit?: number;
	offset?: number;
}

const DATE_LITERALS = new Set(['TODAY', 'YESTERDAY', 'TOMORROW', 'LAST_N_DAYS', 'NEXT_N_DAYS', 'THIS_MONTH', 'LAST_MONTH']);

class Parser {
	private i = 0;
	constructor(private readonly query: string, private readonly tokens: Token[]) {}

	private get tok(): Token {
		return this.tokens[this.i];
	}

	private fail(message?: string, at: Token = this.tok): never {
		throw new SoqlError('MALFORMED_QUERY', located(this.query, at.pos, message ?? `unexpected token: '${at.text || '<EOF>'}'`));
	}

	private isKeyword(word: string): boolean {
		return this.tok.kind === 'ident' && this.tok.text.toUpperCase() === word;
	}

	private accept(word: string): boolean {
		if (!this.isKeyword(word)) return false;
		this.i++;
		return true;
	}

	private expect(word: string): void {
		if (!this.accept(word)) this.fail(`expecting '${word}', found '${this.tok.text || '<EOF>'}'`);
	}

	private punct(ch: string): boolean {
		if (this.tok.kind !== 'punct' || this.tok.text !== ch) return false;
		this.i++;
		return true;
	}

	private field(): FieldRef {
		if (this.tok.kind !== 'ident') this.fail();
		const t = this.tok;
		this.i++;
		return { name: t.text, pos: t.pos };
	}

	parse(): SoqlQuery {
		this.expect('SELECT');
		const q: SoqlQuery = { count: false, fields: [], object: { name: '', pos: 0 }, orderBy: [] };
		if (this.isKeyword('COUNT') && this.tokens[this.i + 1]?.text === '(') {
			this.i += 2;
			if (!this.punct(')')) this.fail('COUNT() takes no field in this simulator');
			q.count = true;
		} else {
			do q.fields.push(this.field());
			while (this.punct(','));
		}
		this.expect('FROM');
		q.object = this.field();
		if (this.accept('WHERE')) q.where = this.condition();
		if (this.accept('ORDER')) {
			this.expect('BY');
			do q.orderBy.push(this.orderItem());
			while (this.punct(','));
		}
		if (this.accept('LIMIT')) q.limit = this.integer();
		if (this.accept('OFFSET')) q.offset = this.integer();
		if (this.tok.kind !== 'eof') this.fail();
		return q;
	}

	private integer(): number {
		if (this.tok.kind !== 'number' || !/^\d+$/.test(this.tok.text)) this.fail();
		return Number(this.tokens[this.i++].text);
	}

	private orderItem(): OrderItem {
		const field = this.field();
		let descending = false;
		if (this.accept('DESC')) descending = true;
		else this.accept('ASC');
		// Salesforce's default: nulls first ascending, last descending.
		let nullsLast = descending;
		if (this.accept('NULLS')) {
			if (this.accept('LAST')) nullsLast = true;
			else if (this.accept('FIRST')) nullsLast = false;
			else this.fail();
		}
		return { field, descending, nullsLast };
	}

	private condition(): Condition {
		const parts = [this.term()];
		let joiner: 'and' | 'or' | undefined;
		for (;;) {
			const next = this.isKeyword('AND') ? 'and' : this.isKeyword('OR') ? 'or' : undefined;
			if (!next) break;
			if (joiner && joiner !== next) this.fail(`unexpected token: '${this.tok.text}'`);
			joiner = next;
			this.i++;
			parts.push(this.term());
		}
		return parts.length === 1 ? parts[0] : { kind: joiner ?? 'and', parts };
	}

	private term(): Condition {
		if (this.accept('NOT')) return { kind: 'not', cond: this.term() };
		if (this.punct('(')) {
			const c = this.condition();
			if (!this.punct(')')) this.fail();
			return c;
		}
		const field = this.field();
		const at = this.tok;
		if (this.accept('LIKE')) {
			if (this.tok.kind !== 'string') this.fail();
			return { kind: 'like', field, pattern: this.tokens[this.i++].text };
		}
		if (this.accept('INCLUDES') || this.accept('EXCLUDES')) {
			const negate = at.text.toUpperCase() === 'EXCLUDES';
			return { kind: 'includes', field, negate, values: this.list().map((l) => (l.kind === 'string' ? l.value : this.fail('INCLUDES takes strings', at))) };
		}
		const negate = this.accept('NOT');
		if (this.accept('IN')) return { kind: 'in', field, negate, values: this.list(), pos: at.pos };
		if (negate) this.fail();
		if (this.tok.kind !== 'op') this.fail();
		const op = this.tokens[this.i++].text;
		return { kind: 'cmp', field, op, value: this.literal(), pos: this.tokens[this.i - 1].pos };
	}

	private list(): Literal[] {
		if (!this.punct('(')) this.fail();
		const values: Literal[] = [];
		do values.push(this.literal());
		while (this.punct(','));
		if (!this.punct(')')) this.fail();
		return values;
	}

	private literal(): Literal {
		const t = this.tokens[this.i++];
		switch (t.kind) {
			case 'string':
				return { kind: 'string', value: t.text };
			case 'number':
				return { kind: 'number', value: Number(t.text) };
			case 'datetime':
				return { kind: 'datetime', value: Date.parse(t.text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) };
			case 'date':
				return { kind: 'date', value: t.text };
			case 'ident': {
				const upper = t.text.toUpperCase();
				if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE' };
				if (upper === 'NULL') return { kind: 'null' };
				const [name, n] = upper.split(':');
				if (DATE_LITERALS.has(name)) return { kind: 'dateLiteral', name, n: n === undefined ? undefined : Number(n) };
				return this.fail(`unexpected token: '${t.text}'`, t);
			}
			default:
				return this.fail(undefined, t);
		}
	}
}

export function parseSoql(query: string): SoqlQuery {
	return new Parser(query, tokenize(query)).parse();
}
