/**
 * Walks a multi-page n8n form over HTTP the way a browser does (checked against n8n 2.40.7's
 * `form-trigger.handlebars` / `form-trigger-completion.handlebars` page scripts and `waiting-forms.ts`):
 *
 * 1. GET the form URL (a navigation: carries the Basic-auth login a browser would have cached) → HTML.
 * 2. Fill the fields by the label the person sees, check what the page's script checks (required fields,
 *    one choice per radio, e-mail and number format), and POST `multipart/form-data` built like the script
 *    builds it: every element of the form in document order (`field-N` inputs, textareas, selects, hidden
 *    and html fields, and the nameless checkboxes and button), then one JSON array per multi-select.
 *    The POST is a `fetch` from a CSP-sandboxed page: no Basic auth, `Origin: null`, and the page's
 *    embedded `authToken` as `x-auth-token` (n8n checks it instead of the login). Waiting pages POST to
 *    `?signature=…`.
 * 3. A `{formWaitingUrl}` answer means "more to come": poll `<waiting path>/n8n-execution-status?signature=…`
 *    until n8n says `form-waiting` (GETting the waiting URL earlier hangs until the execution stops running),
 *    then GET the waiting URL → the next page. `success` ends the form without a page; `error`, `crashed`,
 *    `canceled` and `null` (execution not saved) are what the browser shows as a problem.
 * 4. A completion ("Form Ending") page POSTs once on load to let the execution finish, then polls the status
 *    until it is final; `FormPage.executionStatus` holds that final status.
 *
 * Each request has a timeout, so a page that would hang a browser fails the test with the URL instead.
 */
import { sleep } from './http';

/** A desktop Chrome; with the Form Trigger's "Ignore Bots" a Node or curl User-Agent gets 401. */
export const BROWSER_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

export type FieldKind = 'input' | 'textarea' | 'select' | 'hidden' | 'html' | 'multiselect' | 'file';

export interface FormField {
	/** `field-N`: n8n's name for the Nth field of the page (the POST key). */
	id: string;
	kind: FieldKind;
	/** The label shown next to it ('' for hidden and html fields). */
	label: string;
	/** `type` of an input (text, email, number, date, password). */
	type?: string;
	required: boolean;
	/** Prefilled value (hidden fields, defaults, the html of an html field). */
	value: string;
	/** Choices of a select or multi-select, as shown. */
	options?: string[];
	/** Multi-select that allows one choice only (fieldType radio). */
	radio?: boolean;
	/** Options checked on arrival (multi-select defaults). */
	checked?: string[];
}

export interface FormPage {
	/** Where the page was fetched (waiting pages with their `signature`). */
	url: string;
	/** A page with fields to submit, or a completion page / final message. */
	kind: 'form' | 'completion';
	html: string;
	/** The page's heading: form title or completion title. */
	title: string;
	/** Completion message or form description, as text. */
	message: string;
	fields: FormField[];
	/** The token the page sends as `x-auth-token` ('' when the page embeds none). */
	authToken: string;
	/** Execution id once the form runs in an execution (from the waiting URL). */
	executionId?: string;
	/** Completion pages: the execution status after the page's own POST (normally `success`). */
	executionStatus?: string;
	/** Looks a field up by label or id; throws listing the fields when there is no such field. */
	field(labelOrId: string): FormField;
}

export class FormHttpError extends Error {
	constructor(
		readonly method: string,
		readonly url: string,
		readonly status: number,
		readonly body: string,
	) {
		super(`${method} ${url} → ${status}${body ? `: ${body.slice(0, 500)}` : ''}`);
		this.name = 'FormHttpError';
	}
}

/** What the browser would refuse to submit (its own client-side checks), or an execution that went wrong. */
export class FormError extends Error {
	constructor(
		message: string,
		readonly status?: string,
	) {
		super(message);
		this.name = 'FormError';
	}
}

export type FieldValue = string | string[];

export interface FormBrowserOptions {
	/** Basic-auth login sent with page navigations (GET), as a browser does after its login prompt. */
	basicAuth?: { user: string; password: string };
	userAgent?: string;
	/** Status poll interval (the page itself starts at 1 s and backs off; faster here, same requests). */
	pollIntervalMs?: number;
	/** How long to wait for n8n to reach the next page or finish. */
	timeoutMs?: number;
	/** Per-request timeout. */
	requestTimeoutMs?: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, code: string) => {
		if (code[0] === '#') {
			const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
			return Number.isFinite(n) ? String.fromCodePoint(n) : whole;
		}
		return ENTITIES[code.toLowerCase()] ?? whole;
	});
}

/** Visible text of an HTML fragment (tags dropped, entities decoded, whitespace collapsed). */
export function textOf(html: string): string {
	return decodeEntities(html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]*>/g, ' '))
		.replace(/[ \t\r\f\v]+/g, ' ')
		.replace(/ *\n */g, '\n')
		.trim();
}

function attributes(tag: string): Record<string, string> {
	const out: Record<string, string> = {};
	const body = tag.replace(/^<\w+/, '').replace(/\/?>$/, '');
	for (const m of body.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
		out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
	}
	return out;
}

function classes(attrs: Record<string, string>): string[] {
	return (attrs.class ?? '').split(/\s+/).filter(Boolean);
}

/** One element of `form.elements`, in document order, as the page script iterates them. */
interface Control {
	tag: 'input' | 'textarea' | 'select' | 'button';
	name: string;
	type: string;
	value: string;
	/** Multi-select checkboxes: the `field-N` they belong to. */
	group?: string;
}

interface ParsedForm {
	fields: FormField[];
	controls: Control[];
}

function parseForm(formHtml: string): ParsedForm {
	const fields: FormField[] = [];
	const controls: Control[] = [];
	const labels = new Map<string, string>();
	let pendingLabel: string | undefined;
	// Open <div>s: a multi-select's checkboxes and an html field's hidden copy are known by their enclosing div.
	const divs: Array<{ classes: string[]; field?: FormField }> = [];
	const inside = (cls: string[]) => divs.some((d) => cls.every((c) => d.classes.includes(c)));
	const token = /<(\/?)(input|textarea|select|button|label|div)\b([^>]*)>/gi;
	let m: RegExpExecArray | null;
	while ((m = token.exec(formHtml)) !== null) {
		const [whole, closing, rawTag] = m;
		const tag = rawTag.toLowerCase();
		if (tag === 'div') {
			if (closing) {
				divs.pop();
				continue;
			}
			const attrs = attributes(whole);
			const entry: { classes: string[]; field?: FormField } = { classes: classes(attrs) };
			if (entry.classes.includes('multiselect')) {
				entry.field = {
					id: attrs.id,
					kind: 'multiselect',
					label: pendingLabel ?? '',
					required: entry.classes.includes('form-required'),
					value: '',
					options: [],
					radio: attrs['data-radio-select'] !== undefined,
					checked: [],
				};
				fields.push(entry.field);
				pendingLabel = undefined;
			}
			divs.push(entry);
			continue;
		}
		if (closing) continue;
		const attrs = attributes(whole);
		if (tag === 'label') {
			const end = formHtml.indexOf('</label>', token.lastIndex);
			const text = textOf(formHtml.slice(token.lastIndex, end === -1 ? undefined : end));
			if (attrs.for === undefined) pendingLabel = text;
			else if (!inside(['multiselect'])) labels.set(attrs.for, text);
			continue;
		}
		if (tag === 'button') {
			controls.push({ tag, name: attrs.name ?? '', type: attrs.type ?? 'submit', value: attrs.value ?? '' });
			continue;
		}
		if (tag === 'textarea') {
			const end = formHtml.indexOf('</textarea>', token.lastIndex);
			const value = decodeEntities(formHtml.slice(token.lastIndex, end === -1 ? undefined : end)).replace(/^\r?\n/, '');
			controls.push({ tag, name: attrs.name ?? '', type: 'textarea', value });
			fields.push({ id: attrs.id, kind: 'textarea', label: labels.get(attrs.id) ?? '', required: classes(attrs).includes('form-required'), value });
			continue;
		}
		if (tag === 'select') {
			const end = formHtml.indexOf('</select>', token.lastIndex);
			const inner = formHtml.slice(token.lastIndex, end === -1 ? undefined : end);
			const options: string[] = [];
			let selected = '';
			for (const o of inner.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)) {
				const oa = attributes(`<option${o[1]}>`);
				const value = oa.value ?? textOf(o[2]);
				if (!('disabled' in oa)) options.push(value);
				if ('selected' in oa) selected = value;
			}
			controls.push({ tag, name: attrs.name ?? '', type: 'select', value: selected });
			fields.push({ id: attrs.id, kind: 'select', label: labels.get(attrs.id) ?? '', required: classes(attrs).includes('form-required'), value: selected, options });
			continue;
		}
		// <input>
		const type = (attrs.type ?? 'text').toLowerCase();
		const group = [...divs].reverse().find((d) => d.field)?.field;
		if (type === 'checkbox' && group) {
			group.options!.push(attrs.value ?? '');
			if ('checked' in attrs) group.checked!.push(attrs.value ?? '');
			controls.push({ tag: 'input', name: attrs.name ?? '', type, value: attrs.value ?? 'on', group: group.id });
			continue;
		}
		controls.push({ tag: 'input', name: attrs.name ?? '', type, value: attrs.value ?? '' });
		if (!attrs.id) continue;
		if (type === 'hidden') {
			fields.push({ id: attrs.id, kind: inside(['form-group', 'html']) ? 'html' : 'hidden', label: '', required: false, value: attrs.value ?? '' });
		} else {
			fields.push({
				id: attrs.id,
				kind: type === 'file' ? 'file' : 'input',
				label: labels.get(attrs.id) ?? '',
				type,
				required: classes(attrs).includes('form-required'),
				value: attrs.value ?? '',
			});
		}
	}
	return { fields, controls };
}

function makePage(url: string, html: string, executionId: string | undefined): FormPage & { parsed?: ParsedForm } {
	const start = html.search(/<form\b[^>]*\bid=['"]n8n-form['"]/i);
	const authToken = /const authToken = '([^']*)'/.exec(html)?.[1] ?? /const authToken = "([^"]*)"/.exec(html)?.[1] ?? '';
	const base = { url, html, authToken, executionId };
	const field = function (this: FormPage, labelOrId: string): FormField {
		const found = this.fields.find((f) => f.label === labelOrId || f.id === labelOrId);
		if (!found) throw new FormError(`no field "${labelOrId}" on page "${this.title}"; fields: ${this.fields.map((f) => `${f.id} "${f.label}" (${f.kind})`).join(', ') || 'none'}`);
		return found;
	};
	if (start === -1) {
		const header = /<div class=['"]header['"]>([\s\S]*?)<\/div>/i.exec(html)?.[1] ?? html.replace(/<head>[\s\S]*?<\/head>/i, '');
		const title = textOf(/<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(header)?.[1] ?? '');
		const message = textOf(/<p[^>]*>([\s\S]*?)<\/p>/i.exec(header)?.[1] ?? (title ? '' : header));
		return { ...base, kind: 'completion', title, message, fields: [], field };
	}
	const end = html.indexOf('</form>', start);
	const formHtml = html.slice(start, end === -1 ? undefined : end);
	const parsed = parseForm(formHtml);
	const headerHtml = /<div class=['"]form-header['"]>([\s\S]*?)<\/div>/i.exec(formHtml)?.[1] ?? '';
	return {
		...base,
		kind: 'form',
		title: textOf(/<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(headerHtml)?.[1] ?? ''),
		message: textOf(/<p[^>]*>([\s\S]*?)<\/p>/i.exec(headerHtml)?.[1] ?? ''),
		fields: parsed.fields,
		parsed,
		field,
	};
}

function executionIdOf(url: URL): string | undefined {
	return /\/form-waiting\/([^/?#]+)/.exec(url.pathname)?.[1];
}

const EMAIL = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;

/** A browser for n8n forms: one instance per person (it keeps their login). */
export class FormBrowser {
	private readonly userAgent: string;
	private readonly pollIntervalMs: number;
	private readonly timeoutMs: number;
	private readonly requestTimeoutMs: number;

	constructor(private readonly options: FormBrowserOptions = {}) {
		this.userAgent = options.userAgent ?? BROWSER_USER_AGENT;
		this.pollIntervalMs = options.pollIntervalMs ?? 100;
		this.timeoutMs = options.timeoutMs ?? 30_000;
		this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
	}

	/** Headers of a navigation (address bar, `location.replace`): the cached login goes along. */
	private navigationHeaders(): Record<string, string> {
		const headers: Record<string, string> = { 'user-agent': this.userAgent, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
		const auth = this.options.basicAuth;
		if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
		return headers;
	}

	/** Headers of the page script's `fetch` from its sandboxed (opaque-origin) document. */
	private fetchHeaders(authToken = ''): Record<string, string> {
		const headers: Record<string, string> = { 'user-agent': this.userAgent, accept: '*/*', origin: 'null' };
		if (authToken) headers['x-auth-token'] = authToken;
		return headers;
	}

	private async send(method: string, url: string, headers: Record<string, string>, body?: FormData | string): Promise<{ status: number; text: string; headers: Headers }> {
		let res: Response;
		try {
			res = await fetch(url, { method, headers, body, redirect: 'follow', signal: AbortSignal.timeout(this.requestTimeoutMs) });
		} catch (error) {
			const why = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${this.requestTimeoutMs} ms` : String(error);
			throw new FormError(`${method} ${url}: ${why}`);
		}
		return { status: res.status, text: await res.text(), headers: res.headers };
	}

	/** Opens a form page (GET, as a navigation). Throws `FormHttpError` for a non-2xx answer (401 without login). */
	async open(url: string): Promise<FormPage> {
		const res = await this.send('GET', url, this.navigationHeaders());
		if (res.status < 200 || res.status >= 300) throw new FormHttpError('GET', url, res.status, res.text);
		const page = makePage(url, res.text, executionIdOf(new URL(url)));
		return page.kind === 'completion' ? await this.finishCompletion(page) : page;
	}

	/**
	 * Fills `values` (by label or `field-N`; a multi-select takes an option or a list of options) into the
	 * page, checks it as the page script does, submits it, and follows n8n to the next page.
	 */
	async submit(page: FormPage, values: Record<string, FieldValue> = {}): Promise<FormPage> {
		if (page.kind !== 'form') throw new FormError(`page "${page.title}" has no form to submit`);
		const body = this.formData(page, values);
		const url = new URL(page.url);
		const waiting = executionIdOf(url) !== undefined;
		// The trigger page posts to its own URL (query kept); a waiting page to `?signature=…` only.
		const postUrl = new URL(url.pathname + (waiting ? (url.searchParams.has('signature') ? `?signature=${encodeURIComponent(url.searchParams.get('signature')!)}` : '') : url.search), url);
		const res = await this.send('POST', postUrl.toString(), this.fetchHeaders(page.authToken), body);
		if (res.status < 200 || res.status >= 300) throw new FormHttpError('POST', postUrl.toString(), res.status, res.text);
		let json: { formWaitingUrl?: string; redirectURL?: string; formSubmittedText?: string } | undefined;
		try {
			json = JSON.parse(res.text) as typeof json;
		} catch {
			json = undefined;
		}
		if (json?.formWaitingUrl) return await this.follow(new URL(json.formWaitingUrl));
		if (json?.redirectURL) throw new FormError(`the form redirects out to ${json.redirectURL}`);
		if (json?.formSubmittedText !== undefined) return makePage(postUrl.toString(), `<div class='header'><h1>Form Submitted</h1><p>${json.formSubmittedText}</p></div>`, page.executionId);
		if (waiting) {
			// The page script then polls its own waiting URL.
			return await this.follow(new URL(page.url));
		}
		return makePage(postUrl.toString(), res.text || "<div class='header'><h1>Form Submitted</h1></div>", page.executionId);
	}

	/** The multipart body exactly as the page script assembles it. */
	private formData(page: FormPage, values: Record<string, FieldValue>): FormData {
		const parsed = (page as FormPage & { parsed?: ParsedForm }).parsed;
		if (!parsed) throw new FormError(`page "${page.title}" was not parsed as a form`);
		const filled = new Map<string, FieldValue>();
		for (const [key, value] of Object.entries(values)) {
			const field = page.field(key);
			if (field.kind === 'html') throw new FormError(`field ${field.id} is an html block, not an input`);
			if (field.kind === 'multiselect') {
				const chosen = Array.isArray(value) ? value : [value];
				const unknown = chosen.filter((c) => !field.options!.includes(c));
				if (unknown.length) throw new FormError(`"${field.label}" has no option ${unknown.map((u) => `"${u}"`).join(', ')}; options: ${field.options!.map((o) => `"${o}"`).join(', ')}`);
				if (field.radio && chosen.length > 1) throw new FormError(`"${field.label}" takes one choice`);
				filled.set(field.id, chosen);
			} else if (field.kind === 'select') {
				if (Array.isArray(value) || !field.options!.includes(value)) throw new FormError(`"${field.label}" has no option "${String(value)}"; options: ${field.options!.join(', ')}`);
				filled.set(field.id, value);
			} else {
				if (Array.isArray(value)) throw new FormError(`"${field.label}" takes one value`);
				filled.set(field.id, value);
			}
		}
		// The page's client-side checks: a browser would not submit otherwise.
		const problems: string[] = [];
		for (const field of page.fields) {
			const value = filled.get(field.id) ?? (field.kind === 'multiselect' ? field.checked! : field.value);
			const name = field.label || field.id;
			if (field.kind === 'multiselect') {
				if (field.required && (value as string[]).length === 0) problems.push(`"${name}" is required`);
			} else if (field.kind === 'input' && field.type === 'email' && String(value).trim() !== '' && !EMAIL.test(String(value).trim())) {
				problems.push(`"${name}" is not a valid email address`);
			} else if (field.kind === 'input' && field.type === 'number' && String(value).trim() !== '' && Number.isNaN(Number(String(value).trim()))) {
				problems.push(`"${name}" takes numbers only`);
			} else if (field.required && String(value).trim() === '') {
				problems.push(`"${name}" is required`);
			}
		}
		if (problems.length) throw new FormError(`the page would not submit: ${problems.join('; ')}`);
		const body = new FormData();
		for (const control of parsed.controls) {
			if (control.type === 'file') continue; // no file chosen: the script skips empty files
			const value = control.group === undefined ? (filled.get(control.name) ?? control.value) : control.value;
			body.append(control.name, String(value));
		}
		for (const field of page.fields) {
			if (field.kind !== 'multiselect') continue;
			const chosen = (filled.get(field.id) as string[] | undefined) ?? field.checked!;
			body.append(field.id, JSON.stringify(chosen.map((c) => c.trim())));
		}
		return body;
	}

	/** Polls the execution behind a waiting URL until the next page is ready (or the execution ended), then opens it. */
	private async follow(waitingUrl: URL): Promise<FormPage> {
		const status = await this.waitForStatus(waitingUrl, (s) => s === 'form-waiting' || ['success', 'error', 'crashed', 'canceled', 'null'].includes(s));
		if (status === 'form-waiting') return await this.open(waitingUrl.toString());
		if (status === 'success') return { ...makePage(waitingUrl.toString(), "<div class='header'><h1>Form Submitted</h1></div>", executionIdOf(waitingUrl)), executionStatus: status };
		throw new FormError(`execution ${executionIdOf(waitingUrl) ?? '?'} ended with status "${status}" (the page shows "Problem submitting response")`, status);
	}

	/** GET `<waiting path>/n8n-execution-status?signature=…` until `done(status)`. */
	async waitForStatus(waitingUrl: URL, done: (status: string) => boolean): Promise<string> {
		const statusUrl = new URL(waitingUrl);
		statusUrl.pathname += '/n8n-execution-status';
		const deadline = Date.now() + this.timeoutMs;
		let last = '';
		for (;;) {
			const res = await this.send('GET', statusUrl.toString(), this.fetchHeaders());
			if (res.status !== 200) throw new FormHttpError('GET', statusUrl.toString(), res.status, res.text);
			last = res.text.trim();
			if (done(last)) return last;
			if (Date.now() > deadline) throw new FormError(`execution ${executionIdOf(waitingUrl) ?? '?'} still "${last}" after ${this.timeoutMs} ms`, last);
			await sleep(this.pollIntervalMs);
		}
	}

	/** What a completion page's script does on load: POST once (resuming the execution), then poll until final. */
	private async finishCompletion(page: FormPage): Promise<FormPage> {
		const url = new URL(page.url);
		if (executionIdOf(url) === undefined) return page;
		const signature = url.searchParams.get('signature');
		const postUrl = new URL(url.pathname + (signature ? `?signature=${encodeURIComponent(signature)}` : ''), url);
		// `fetch(postUrl, {method: 'POST', body: {}})`: the object becomes the text "[object Object]".
		await this.send('POST', postUrl.toString(), { ...this.fetchHeaders(page.authToken), 'content-type': 'text/plain;charset=UTF-8' }, String({}));
		const status = await this.waitForStatus(url, (s) => ['success', 'error', 'crashed', 'canceled', 'null'].includes(s));
		return { ...page, executionStatus: status };
	}
}
