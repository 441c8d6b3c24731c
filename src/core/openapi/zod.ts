import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Adds `.openapi()` to every zod schema; importing z from here guarantees it is in place.
extendZodWithOpenApi(z);

export { z };
