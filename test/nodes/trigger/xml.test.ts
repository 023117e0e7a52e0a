import { parseXml, type XmlElement } from '../../../nodes/ReconcileTrigger/xml';
import { attributeNS, childrenNamed, resolveQName } from '../../../nodes/ReconcileTrigger/xml-query';

function root(xml: string): XmlElement {
	const r = parseXml(xml);
	if (!r.ok) throw new Error(r.error);
	return r.root;
}

function error(xml: string): string {
	const r = parseXml(xml);
	if (r.ok) throw new Error('parsed, expected an error');
	return r.error;
}

describe('the strict XML reader', () => {
	it('resolves default and prefixed namespaces, inherited and redeclared', () => {
		const r = root('<a:x xmlns:a="urn:a" xmlns="urn:d"><y/><a:z xmlns:a="urn:b"/><w xmlns=""/></a:x>');
		expect([r.ns, r.local]).toEqual(['urn:a', 'x']);
		expect(r.children.map((c) => [c.ns, c.local])).toEqual([
			['urn:d', 'y'],
			['urn:b', 'z'],
			['', 'w'],
		]);
		expect(childrenNamed(r, 'urn:d', 'y')).toHaveLength(1);
	});

	it('decodes the predefined entities and character references in text and attributes', () => {
		const r = root(`<x a="&lt;&quot;&#65;&#x42;">&amp;&apos;&gt;&#x1F600;</x>`);
		expect(r.attributes.get('a')).toBe('<"AB');
		expect(r.text).toBe("&'>😀");
	});

	it('keeps CDATA verbatim and skips comments', () => {
		expect(root('<x><!-- c --><![CDATA[<&>]]>t</x>').text).toBe('<&>t');
	});

	it('reads namespaced attributes and QName values', () => {
		const r = root('<x xmlns:i="urn:i" xmlns:s="urn:s" i:type="s:Contact" type="plain"/>');
		expect(attributeNS(r, 'urn:i', 'type')).toBe('s:Contact');
		expect(attributeNS(r, '', 'type')).toBe('plain');
		expect(resolveQName(r, 's:Contact')).toEqual({ ns: 'urn:s', local: 'Contact' });
		expect(resolveQName(r, 'q:Contact')).toBeUndefined();
	});

	it('accepts a BOM, an XML declaration and surrounding whitespace', () => {
		expect(root('\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<x/>\n').local).toBe('x');
	});

	it.each([
		['<!DOCTYPE x><x/>', 'DOCTYPE is not allowed'],
		['<!DOCTYPE x [<!ENTITY e SYSTEM "http://evil.example/">]><x>&e;</x>', 'DOCTYPE is not allowed'],
		['<x><!ENTITY e "v"></x>', 'entity declarations are not allowed'],
		['<x>&e;</x>', 'undefined entity reference'],
		['<x>a & b</x>', 'unescaped "&"'],
		['<x>&#0;</x>', 'character reference'],
		['<x>&#xD800;</x>', 'character reference'],
		['<?xml-stylesheet href="a"?><x/>', 'processing instructions are not allowed'],
		['<x><?pi?></x>', 'processing instructions are not allowed'],
		['<x></y>', '</y> does not close <x>'],
		['<x>', 'unclosed element <x>'],
		['<x/><y/>', 'content after the root element'],
		['<p:x/>', 'unbound namespace prefix "p"'],
		['<x a="1" a="2"/>', 'duplicate attribute "a"'],
		['<x a="1"b="2"/>', 'expected whitespace before an attribute'],
		['<x a=1/>', 'expected a quoted attribute value'],
		['<x a="<"/>', '"<" in an attribute value'],
		['<x xmlns:p=""/>', 'namespace prefix "p" bound to nothing'],
		['<x><![CDATA[open</x>', 'unterminated CDATA section'],
		['<x><!-- open</x>', 'unterminated comment'],
		['', 'expected the root element'],
		['just text', 'expected the root element'],
	])('refuses %j', (xml, message) => {
		expect(error(xml)).toContain(message);
	});

	it('refuses documents nested too deeply or with too many elements', () => {
		expect(error(`${'<a>'.repeat(40)}${'</a>'.repeat(40)}`)).toContain('nested too deeply');
		expect(parseXml(`<r>${'<a/>'.repeat(20)}</r>`, { maxDepth: 32, maxElements: 10 })).toEqual({ ok: false, error: expect.stringContaining('too many elements') });
	});

	it('never echoes document content in its errors', () => {
		expect(error('<x>secret-token & more</x>')).not.toContain('secret-token');
	});
});
