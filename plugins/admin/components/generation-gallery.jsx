import React from 'react';
import { Box, Text } from '@adminjs/design-system';

/** An asset's generations with their images, status and favourite mark. */
const GenerationGallery = ({ record }) => {
  let generations = [];
  try {
    generations = JSON.parse((record && record.params && record.params.generationsJson) || '[]');
  } catch (e) {
    generations = [];
  }
  if (!generations.length) return <Text mb="xl">No generations.</Text>;
  return (
    <Box flex flexWrap="wrap" mb="xl" data-testid="generation-gallery">
      {generations.map((g) => (
        <Box key={g.id} mr="lg" mb="lg" style={{ width: 180 }}>
          {g.image_url ? <img src={g.image_url} alt="" loading="lazy" style={{ width: 180, height: 180, objectFit: 'cover' }} /> : <Box style={{ width: 180, height: 180, background: '#eee' }} />}
          <Text>
            <a href={`/admin/resources/image_generations/records/${g.id}/show`}>{g.status}</a>
            {g.is_favorite ? ' ★ favourite' : ''}
          </Text>
        </Box>
      ))}
    </Box>
  );
};

export default GenerationGallery;
