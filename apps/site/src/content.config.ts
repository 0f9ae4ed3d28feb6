import { defineCollection } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

// Every page of the article is an MDX file in src/content/docs/; Starlight
// routes it and builds the sidebar, table of contents and search index.
export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
};
