export type { CertificateDocument, CertificateKind, RenderedPdf } from './types.js';
export { CertificateRenderer, defaultTemplatesDir } from './certificate-renderer.js';
export { CertificateTemplateError } from './templates.js';
export { BLOCK_TYPES, type Block, type BlockType } from './markup.js';
