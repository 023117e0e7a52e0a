// Copies the non-TypeScript assets that n8n needs at runtime into dist/:
// node and credential icons, and the workflow templates shipped with the package.
const { src, dest, parallel } = require('gulp');

function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

function copyWorkflows() {
	return src(['workflows/*.json'], { base: '.' }).pipe(dest('dist'));
}

exports.build = parallel(copyIcons, copyWorkflows);
exports.default = exports.build;
