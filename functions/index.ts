// Worker entry: the API app; static assets (the page) are served by the [assets] binding before this runs.
import { app } from './app';

export default app;
