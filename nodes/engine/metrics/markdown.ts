/**
 * Markdown → HTML for exactly what `renderPolicyDoc` writes: `#` headings, `-` bullets, pipe tables (with
 * `\|` escapes), paragraphs, `**bold**` and `` `code` ``. Everything is escaped first; no raw HTML passes,
 * no links are made.
 */
import { esc } from './html';

/** Inline code and bold on escaped text. */
export function inline(source: string): string {
	let out = '';
	let last = 0;
	for (const m of source.matchAll(/`([^`]*)`|\*\*(.+?)\*\*/g)) {
		out += esc(source.slice(last, m.index));
		out += m[1] !== undefined ? `<code>${esc(m[1])}</code>` : `<strong>${inline(m[2])}</strong>`;
		last = (m.index ?? 0) + m[0].length;
	}
	return out + esc(source.slice(last));
}

/** Cells of `| a | b \| c |`, honouring escaped pipes. */
export function cells(line: string): string[] {
	const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
	return body.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

function tableHtml(lines: readonly string[]): string {
	const isRule = (l: string) => /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/.test(l.trim());
	const head = cells(lines[0]);
	const rows = lines.slice(isRule(lines[1] ?? '') ? 2 : 1).map(cells);
	return [
		'<div class="table-wrap"><table class="policy">',
		`<thead><tr>${head.map((h) => `<th scope="col">${inline(h)}</th>`).join('')}</tr></thead>`,
		'<tbody>',
		...rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${inline(c)}</th>` : `<td>${inline(c)}</td>`)).join('')}</tr>`),
		'</tbody></table></div>',
	].join('\n');
}

type Block = { kind: 'heading'; level: number; text: string } | { kind: 'list' | 'table' | 'para'; lines: string[] };

function blocks(markdown: string): Block[] {
	const out: Block[] = [];
	for (const raw of markdown.split(/\r?\n/)) {
		const line = raw.trimEnd();
		const kind = line.startsWith('- ') ? 'list' : line.trimStart().startsWith('|') ? 'table' : line.trim() === '' ? null : 'para';
		const heading = /^(#{1,6})\s+(.*)$/.exec(line);
		const prev = out[out.length - 1];
		if (heading !== null) out.push({ kind: 'heading', level: heading[1].length, text: heading[2] });
		else if (kind === null) out.push({ kind: 'para', lines: [] });
		else if (prev !== undefined && prev.kind === kind) prev.lines.push(kind === 'list' ? line.slice(2) : line);
		else out.push({ kind, lines: [kind === 'list' ? line.slice(2) : line] });
	}
	return out.filter((b) => b.kind === 'heading' || b.lines.length > 0);
}

/** The HTML for the policy doc; `shift` demotes headings (1: `#` → `<h2>`) when embedded in a page. */
export function markdownToHtml(markdown: string, shift = 0): string {
	return blocks(markdown)
		.map((b) => {
			switch (b.kind) {
				case 'heading': {
					const level = Math.min(6, b.level + shift);
					return `<h${level}>${inline(b.text)}</h${level}>`;
				}
				case 'list':
					return `<ul>${b.lines.map((l) => `<li>${inline(l)}</li>`).join('')}</ul>`;
				case 'table':
					return tableHtml(b.lines);
				case 'para':
					return `<p>${inline(b.lines.join(' '))}</p>`;
			}
		})
		.join('\n');
}
