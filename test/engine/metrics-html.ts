/**
 * Test helpers for the rendered page: a strict tag-balance check (our HTML closes every non-void element,
 * quotes every attribute), and the `data-metric` tags with the values they claim.
 */

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'col', 'source', 'wbr']);

/** Problems with the markup: unbalanced tags, unquoted attributes, stray `<` or `&`. Empty when well-formed. */
export function markupProblems(html: string): string[] {
	const problems: string[] = [];
	const stack: string[] = [];
	const body = html.replace(/^<!DOCTYPE html>\n/, '').replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
	const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z][a-zA-Z0-9-:]*(?:="[^"<>]*")?)*)\s*(\/?)>/y;
	let i = 0;
	while (i < body.length) {
		const lt = body.indexOf('<', i);
		const text = body.slice(i, lt < 0 ? body.length : lt);
		if (/&(?!(?:amp|lt|gt|quot|#39);)/.test(text)) problems.push(`unescaped & near ${JSON.stringify(text.slice(0, 40))}`);
		if (lt < 0) break;
		tag.lastIndex = lt;
		const m = tag.exec(body);
		if (m === null) {
			problems.push(`not a tag at ${lt}: ${JSON.stringify(body.slice(lt, lt + 40))}`);
			i = lt + 1;
			continue;
		}
		const [, closing, name, , selfClosing] = m;
		const lower = name.toLowerCase();
		if (closing) {
			const open = stack.pop();
			if (open !== lower) problems.push(`</${lower}> closes <${open ?? 'nothing'}>`);
		} else if (!selfClosing && !VOID.has(lower)) stack.push(lower);
		i = tag.lastIndex;
	}
	if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
	return problems;
}

export interface Tagged {
	pointer: string;
	value: string;
	text: string;
}

/** Every `data-metric` number on the page with its pointer, claimed value and shown text. */
export function taggedNumbers(html: string): Tagged[] {
	return [...html.matchAll(/<span[^>]*data-metric="([^"]*)" data-value="([^"]*)">([^<]*)<\/span>/g)].map((m) => ({ pointer: unescape(m[1]), value: unescape(m[2]), text: unescape(m[3]) }));
}

function unescape(text: string): string {
	return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Resolves an RFC 6901 JSON Pointer. */
export function resolvePointer(root: unknown, pointer: string): unknown {
	let at: unknown = root;
	for (const raw of pointer.split('/').slice(1)) {
		const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
		if (typeof at !== 'object' || at === null || !(key in at)) return undefined;
		at = (at as Record<string, unknown>)[key];
	}
	return at;
}

/** The section element with this id (up to its closing tag). */
export function sectionHtml(html: string, id: string): string {
	const start = html.indexOf(`id="${id}"`);
	if (start < 0) return '';
	return html.slice(start, html.indexOf('</section>', start));
}

/** The names of all elements and attributes in the markup (attribute values skipped). */
export function elementsAndAttributes(html: string): { elements: Set<string>; attributes: Set<string> } {
	const elements = new Set<string>();
	const attributes = new Set<string>();
	for (const m of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z][a-zA-Z0-9-:]*(?:="[^"]*")?)*)\s*\/?>/g)) {
		elements.add(m[1].toLowerCase());
		for (const a of m[2].matchAll(/\s([a-zA-Z][a-zA-Z0-9-:]*)(?:="[^"]*")?/g)) attributes.add(a[1].toLowerCase());
	}
	return { elements, attributes };
}
