import type { Plugin } from 'vite';

const XYFLOW = /@xyflow[\\/]react[\\/]dist[\\/]esm[\\/]/;
const DISPLAY_NAME = /^\w+\.displayName = '\w+';$/gm;

/**
 * React Flow names each component for React's developer tools (`Controls.displayName = …`) at
 * the top of its module. The bundler takes such a line for a side effect and so keeps every
 * component, used or not: the minimap and the node resizer came to ~5 KB of gzip in the map
 * page's first load. Production builds drop the names anyway (the code is minified); with the
 * lines gone and `memo(…)` known to be pure, what the map does not use is left out.
 */
export function xyflowTreeshake(): Plugin {
  return {
    name: 'xyflow-treeshake',
    apply: 'build',
    transform(code, id) {
      return XYFLOW.test(id) ? { code: code.replace(DISPLAY_NAME, ''), map: null } : null;
    },
  };
}

/** Calls the bundler may drop when their result is unused: React's component wrappers. */
export const PURE_CALLS = ['memo', 'forwardRef'];
