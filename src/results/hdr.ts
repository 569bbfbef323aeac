/**
 * The parts of hdr-histogram-js loadgen uses, read from their own files: the package's index also
 * loads its log reader and writer, whose module top level builds an Intl.NumberFormat (~10 ms of
 * ICU set-up on every start, before the first request) that nothing here calls.
 */
export { build } from 'hdr-histogram-js/dist/HistogramBuilder.js';
export { decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js/dist/encoding.js';
