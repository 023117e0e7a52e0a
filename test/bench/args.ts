/** `--name value` / `--name=value` flags for benchmark and CLI scripts. */
export function numberFlag(argv: readonly string[], name: string, fallback: number): number {
	const value = stringFlag(argv, name);
	if (value === undefined) return fallback;
	const parsed = Number(value);
	if (!Number.isFinite(parsed)) throw new Error(`--${name} must be a number, got ${JSON.stringify(value)}`);
	return parsed;
}

export function stringFlag(argv: readonly string[], name: string): string | undefined {
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === `--${name}`) return argv[i + 1];
		if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
	}
	return undefined;
}
