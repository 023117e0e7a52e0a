/**
 * A small, strict XML reader for the one document this trigger accepts: the SOAP 1.1 envelope of a
 * Salesforce Outbound Message. A community package may ship no dependencies, so this reads exactly
 * what that shape needs (elements, attributes, namespaces, text, CDATA, comments, the five predefined
 * entities and character references) and refuses everything that could make a parser fetch or expand
 * something: DOCTYPE, entity declarations and processing instructions are errors, not skipped.
 */

export interface XmlElement {
	/** Qualified name as written, e.g. `soapenv:Body`. */
	name: string;
	local: string;
	/** Namespace URI the prefix (or the default namespace) resolves to; '' for none. */
	ns: string;
	/** Attributes by qualified name as written. */
	attributes: ReadonlyMap<string, string>;
	children: XmlElement[];
	/** Character data directly inside the element (text and CDATA), entities decoded. */
	text: string;
	/** Prefix → namespace URI in force on this element ('' = default namespace). */
	scope: ReadonlyMap<string, string>;
}

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; error: string };

export interface XmlLimits {
	maxDepth: number;
	maxElements: number;
}

const DEFAULT_LIMITS: XmlLimits = { maxDepth: 32, maxElements: 50_000 };

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const ROOT_SCOPE: ReadonlyMap<string, string> = new Map([['xml', XML_NS]]);

const NAME = /[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?/y;
const REFERENCE = /&(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/y;
const NAMED_REFERENCE = /&[A-Za-z_][A-Za-z0-9_.-]{0,40};/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class XmlSyntaxError extends Error {}

/** Parses a whole document; never throws. Error messages name the problem and its offset, never echo content. */
export function parseXml(source: string, limits: XmlLimits = DEFAULT_LIMITS): XmlResult {
	try {
		return { ok: true, root: new Reader(source, limits).document() };
	} catch (error) {
		// Anything else would be a bug here; the delivery is still refused rather than half-read.
		return { ok: false, error: error instanceof XmlSyntaxError ? error.message : 'document could not be read' };
	}
}

function isSpace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isXmlChar(cp: number): boolean {
	return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

export function splitName(name: string): { prefix: string; local: string } {
	const colon = name.indexOf(':');
	return colon < 0 ? { prefix: '', local: name } : { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
}

class Reader {
	private pos = 0;
	private elements = 0;

	constructor(
		private readonly src: string,
		private readonly limits: XmlLimits,
	) {}

	document(): XmlElement {
		if (this.src.charCodeAt(0) === 0xfeff) this.pos = 1;
		if (this.at('<?xml') && isSpace(this.src.charCodeAt(this.pos + 5))) this.declaration();
		this.misc();
		if (!this.at('<')) this.fail('expected the root element');
		const root = this.element(ROOT_SCOPE, 1);
		this.misc();
		if (this.pos < this.src.length) this.fail('content after the root element');
		return root;
	}

	private fail(message: string): never {
		throw new XmlSyntaxError(`${message} (offset ${this.pos})`);
	}

	private at(token: string): boolean {
		return this.src.startsWith(token, this.pos);
	}

	private expect(token: string): void {
		if (!this.at(token)) this.fail(`expected "${token}"`);
		this.pos += token.length;
	}

	private skipSpace(): boolean {
		const start = this.pos;
		while (this.pos < this.src.length && isSpace(this.src.charCodeAt(this.pos))) this.pos++;
		return this.pos > start;
	}

	/** Only UTF-8 is accepted: the body was decoded as UTF-8, so any other declared encoding would be misread. */
	private declaration(): void {
		const end = this.src.indexOf('?>', this.pos);
		if (end < 0) this.fail('unterminated XML declaration');
		const encoding = /\sencoding\s*=\s*["']([^"']*)["']/.exec(this.src.slice(this.pos, end))?.[1];
		if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) this.fail('only UTF-8 documents are accepted');
		this.pos = end + 2;
	}

	/** Whitespace and comments around the root element. */
	private misc(): void {
		for (;;) {
			this.skipSpace();
			if (this.at('<!--')) this.comment();
			else if (this.at('<!')) this.refuseDeclaration();
			else if (this.at('<?')) this.fail('processing instructions are not allowed');
			else return;
		}
	}

	private refuseDeclaration(): never {
		if (this.at('<!DOCTYPE')) this.fail('DOCTYPE is not allowed');
		if (this.at('<!ENTITY')) this.fail('entity declarations are not allowed');
		this.fail('unexpected markup declaration');
	}

	private comment(): void {
		const end = this.src.indexOf('-->', this.pos + 4);
		if (end < 0) this.fail('unterminated comment');
		this.pos = end + 3;
	}

	private name(): string {
		NAME.lastIndex = this.pos;
		const match = NAME.exec(this.src);
		if (!match) this.fail('expected a name');
		this.pos += match[0].length;
		return match[0];
	}

	private element(parentScope: ReadonlyMap<string, string>, depth: number): XmlElement {
		if (depth > this.limits.maxDepth) this.fail('elements nested too deeply');
		if (++this.elements > this.limits.maxElements) this.fail('too many elements');
		this.pos++; // '<'
		const name = this.name();
		const attributes = this.attributes();
		const scope = this.declareNamespaces(parentScope, attributes);
		const { prefix, local } = splitName(name);
		const ns = scope.get(prefix);
		if (prefix !== '' && ns === undefined) this.fail(`unbound namespace prefix "${prefix}"`);
		const element: XmlElement = { name, local, ns: ns ?? '', attributes, children: [], text: '', scope };
		if (this.at('/>')) {
			this.pos += 2;
			return element;
		}
		this.pos++; // '>'
		this.content(element, depth);
		return element;
	}

	private attributes(): Map<string, string> {
		const attributes = new Map<string, string>();
		for (;;) {
			const spaced = this.skipSpace();
			if (this.at('/>') || this.at('>')) return attributes;
			if (!spaced) this.fail('expected whitespace before an attribute');
			const name = this.name();
			this.skipSpace();
			this.expect('=');
			this.skipSpace();
			const value = this.quoted();
			if (attributes.has(name)) this.fail(`duplicate attribute "${name}"`);
			attributes.set(name, value);
		}
	}

	private quoted(): string {
		const quote = this.src[this.pos];
		if (quote !== '"' && quote !== "'") this.fail('expected a quoted attribute value');
		const end = this.src.indexOf(quote, this.pos + 1);
		if (end < 0) this.fail('unterminated attribute value');
		const raw = this.src.slice(this.pos + 1, end);
		if (raw.includes('<')) this.fail('"<" in an attribute value');
		const value = this.decode(raw, this.pos + 1);
		this.pos = end + 1;
		return value;
	}

	private declareNamespaces(parent: ReadonlyMap<string, string>, attributes: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
		let scope: Map<string, string> | undefined;
		for (const [name, value] of attributes) {
			if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
			const prefix = name === 'xmlns' ? '' : name.slice(6);
			if (prefix !== '' && value === '') this.fail(`namespace prefix "${prefix}" bound to nothing`);
			scope ??= new Map(parent);
			scope.set(prefix, value);
		}
		return scope ?? parent;
	}

	private content(element: XmlElement, depth: number): void {
		const parts: string[] = [];
		for (;;) {
			const lt = this.src.indexOf('<', this.pos);
			if (lt < 0) this.fail(`unclosed element <${element.name}>`);
			if (lt > this.pos) parts.push(this.decode(this.src.slice(this.pos, lt), this.pos));
			this.pos = lt;
			if (this.at('</')) {
				this.pos += 2;
				const closing = this.name();
				if (closing !== element.name) this.fail(`</${closing}> does not close <${element.name}>`);
				this.skipSpace();
				this.expect('>');
				break;
			}
			if (this.at('<!--')) this.comment();
			else if (this.at('<![CDATA[')) parts.push(this.cdata());
			else if (this.at('<!')) this.refuseDeclaration();
			else if (this.at('<?')) this.fail('processing instructions are not allowed');
			else element.children.push(this.element(element.scope, depth + 1));
		}
		element.text = parts.join('');
	}

	private cdata(): string {
		const start = this.pos + 9;
		const end = this.src.indexOf(']]>', start);
		if (end < 0) this.fail('unterminated CDATA section');
		this.pos = end + 3;
		return this.src.slice(start, end);
	}

	/** Decodes references in `raw` (which starts at `offset`); any other `&` is an error. */
	private decode(raw: string, offset: number): string {
		if (!raw.includes('&')) return raw;
		let out = '';
		let from = 0;
		for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
			out += raw.slice(from, amp);
			REFERENCE.lastIndex = amp;
			const match = REFERENCE.exec(raw);
			if (!match) {
				this.pos = offset + amp;
				NAMED_REFERENCE.lastIndex = amp;
				this.fail(NAMED_REFERENCE.test(raw) ? 'undefined entity reference' : 'unescaped "&"');
			}
			out += match[3] !== undefined ? PREDEFINED[match[3]] : this.codePoint(match[1] !== undefined ? parseInt(match[1], 16) : parseInt(match[2], 10));
			from = amp + match[0].length;
		}
		return out + raw.slice(from);
	}

	private codePoint(cp: number): string {
		if (!isXmlChar(cp)) this.fail('character reference to a character XML does not allow');
		return String.fromCodePoint(cp);
	}
}
