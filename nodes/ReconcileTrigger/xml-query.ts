/** Reading the parsed tree by namespace, as SOAP documents must be read (prefixes are the sender's choice). */
import { splitName, type XmlElement } from './xml';

/** Child elements with this namespace and local name. */
export function childrenNamed(element: XmlElement, ns: string, local: string): XmlElement[] {
	return element.children.filter((c) => c.ns === ns && c.local === local);
}

/** An attribute by namespace and local name (unprefixed attributes are in no namespace). */
export function attributeNS(element: XmlElement, ns: string, local: string): string | undefined {
	for (const [name, value] of element.attributes) {
		const { prefix, local: attrLocal } = splitName(name);
		if (attrLocal !== local || prefix === 'xmlns' || name === 'xmlns') continue;
		if ((prefix === '' ? '' : element.scope.get(prefix)) === ns) return value;
	}
	return undefined;
}

/** Resolves a QName-valued attribute such as `xsi:type="sf:Contact"` against the element's namespaces. */
export function resolveQName(element: XmlElement, qname: string): { ns: string; local: string } | undefined {
	const { prefix, local } = splitName(qname.trim());
	const ns = element.scope.get(prefix);
	if (prefix !== '' && ns === undefined) return undefined;
	return { ns: ns ?? '', local };
}
