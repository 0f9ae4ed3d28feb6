import type { StarlightPlugin, StarlightUserConfig } from '@astrojs/starlight/types';

type SidebarItem = NonNullable<StarlightUserConfig['sidebar']>[number];

/**
 * Adds `translations` to every sidebar group labelled `label`, wherever it is
 * nested. Some plugins build a group themselves (starlight-typedoc replaces
 * its placeholder with a group that has no translations), so the labels are
 * added afterwards; list this plugin after the one that builds the group.
 *
 * @param label - The group's label in the default language.
 * @param translations - The label by BCP-47 language tag, e.g. `{ 'zh-CN': 'API 参考（英文）' }`.
 * @returns A Starlight plugin.
 * @example
 * starlight({ plugins: [starlightTypeDoc({ … }), translateSidebarGroup('API reference', { 'zh-CN': 'API 参考（英文）' })] });
 */
export function translateSidebarGroup(label: string, translations: Record<string, string>): StarlightPlugin {
  const translate = (item: SidebarItem): SidebarItem => {
    if (typeof item === 'string' || !('items' in item)) return item;
    const items = item.items.map(translate);
    return item.label === label ? { ...item, items, translations: { ...item.translations, ...translations } } : { ...item, items };
  };
  return {
    name: 'attention-lab-translate-sidebar-group',
    hooks: {
      'config:setup'({ config, updateConfig }) {
        if (config.sidebar) updateConfig({ sidebar: config.sidebar.map(translate) });
      },
    },
  };
}
