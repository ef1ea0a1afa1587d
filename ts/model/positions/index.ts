export { Position } from './position.js';
export { splitFill } from './split.js';
