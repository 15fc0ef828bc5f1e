// Pages import their stylesheet so esbuild emits it beside the script (popup.css, options.css).
declare module '*.css';
