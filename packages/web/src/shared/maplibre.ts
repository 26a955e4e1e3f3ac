// MapLibre, set up once for the bundle. MapLibre 6 finds its worker next to its own module URL,
// which a bundler renames; point it at the worker file Vite emits instead. Import maplibre from
// here, never from 'maplibre-gl' directly.

import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };

/** Chinese labels are drawn with the browser's own CJK font (no glyph server needed). */
export const CJK_FONT_FAMILY = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
