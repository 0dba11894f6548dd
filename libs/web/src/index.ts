/** The pages' foundation: message catalogues, the renderer with its layout and components, formatting. */
export * from './format.js';
export * from './messages.js';
export * from './paths.js';
export * from './renderer.js';
