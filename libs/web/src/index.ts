/** The pages' foundation: message catalogues, the renderer with its layout and components, formatting. */
export * from './chart.js';
export * from './format.js';
export * from './messages.js';
export * from './paths.js';
export * from './renderer.js';
export * from './markdown.js';
