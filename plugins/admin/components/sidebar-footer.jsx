import React from 'react';
import { useSelector } from 'react-redux';
import { Box } from '@adminjs/design-system';

/**
 * AdminJS's table cells break words anywhere, so a squeezed column splits "completed" in two.
 * Cells keep whole words; only values that are one long token (properties a resource marks
 * `custom: { longToken: true }`: hashes, file names) may break anywhere.
 */
function tableTextCss(longTokenCells) {
  const base = 'td[data-property-name] { word-break: normal; overflow-wrap: break-word; }';
  if (longTokenCells.length === 0) return base;
  return `${base}\n${longTokenCells.map((cell) => `td[data-css="${cell}"]`).join(', ')} { overflow-wrap: anywhere; }`;
}

/**
 * Every page has the sidebar, so its footer carries the dashboard-wide table style. A plain
 * <style> element: createGlobalStyle from AdminJS's shared styled-components injects nothing.
 */
const SidebarFooter = () => {
  const resources = useSelector((state) => state.resources) || [];
  const longTokenCells = resources.flatMap((resource) =>
    (resource.listProperties || [])
      .filter((property) => property.custom && property.custom.longToken)
      .map((property) => `${resource.id}-${property.name}-table-cell`),
  );
  return (
    <Box mt="lg" mb="md" data-css="sidebar-footer">
      <style data-testid="af-table-text">{tableTextCss(longTokenCells)}</style>
    </Box>
  );
};

export default SidebarFooter;
