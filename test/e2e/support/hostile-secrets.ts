/**
 * Every credential and token the stack holds, and a scan of text for any of them (also in the encodings a
 * log line or an error message would carry: base64 of a Basic login, URL-encoding).
 */
import type { Stack } from '../../harness/stack';

export interface Secret {
	name: string;
	value: string;
}

export function stackSecrets(stack: Stack): Secret[] {
	const { hubspot, salesforce } = stack.sims;
	const callout = salesforce.notifications.options.flow.headers?.['X-Reconcile-Secret'];
	const secrets: Secret[] = [
		{ name: 'HubSpot private-app token', value: hubspot.accessToken },
		{ name: 'HubSpot webhook client secret', value: hubspot.clientSecret },
		{ name: 'Salesforce client secret', value: salesforce.clientSecret },
		...salesforce.sessions.issuedTokens().map((token, i) => ({ name: `Salesforce session token #${i + 1}`, value: token })),
		{ name: 'reviewers password', value: stack.reviewer.password },
		{ name: 'dashboard viewers password', value: stack.viewer.password },
		{ name: 'n8n API key ("Run cycle now", Reconcile n8n API credential)', value: stack.n8n.apiKey },
		{ name: 'n8n owner password', value: stack.n8n.owner.password },
	];
	if (callout) secrets.push({ name: 'Salesforce callout secret', value: callout });
	const logins = [stack.reviewer, stack.viewer].map((l) => ({ name: `Basic login of ${l.user} (base64)`, value: Buffer.from(`${l.user}:${l.password}`).toString('base64') }));
	return [...secrets, ...logins].flatMap((s) => {
		const encoded = encodeURIComponent(s.value);
		return encoded === s.value ? [s] : [s, { name: `${s.name} (URL-encoded)`, value: encoded }];
	});
}

/** `<secret> in <where>` for every secret found in `text`. */
export function leaks(secrets: Secret[], where: string, text: string): string[] {
	return secrets.filter((s) => s.value.length >= 8 && text.includes(s.value)).map((s) => `${s.name} in ${where}`);
}
