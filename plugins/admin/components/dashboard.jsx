import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, H2, H5, Text } from '@adminjs/design-system';

const api = new ApiClient();

const formatBytes = (bytes) => {
  if (!bytes) return '0 B';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  const i = Math.min(units.length - 1, Math.floor(Math.log(bytes) / Math.log(1024)));
  return `${(bytes / 1024 ** i).toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
};

const Stat = ({ label, value, testId }) => (
  <Box variant="card" p="lg" mr="lg" mb="lg" style={{ minWidth: 180 }}>
    <H5>{label}</H5>
    <Text fontSize="xl" data-testid={testId}>{value}</Text>
  </Box>
);

/** 30 bars, one per day, scaled to the busiest day. Plain SVG: no chart library. */
const TrendChart = ({ days }) => {
  const max = Math.max(1, ...days.map((d) => d.count));
  const width = 600;
  const height = 160;
  const barWidth = width / days.length;
  return (
    <svg viewBox={`0 0 ${width} ${height + 20}`} width="100%" style={{ maxWidth: width }} data-testid="trend-chart" role="img" aria-label="Generations per day, last 30 days">
      {days.map((d, i) => {
        const h = Math.round((d.count / max) * height);
        return (
          <g key={d.date}>
            <title>{`${d.date}: ${d.count}`}</title>
            <rect x={i * barWidth + 2} y={height - h} width={barWidth - 4} height={h} fill="#4268F6" />
          </g>
        );
      })}
      <text x="0" y={height + 16} fontSize="11">{days[0] ? days[0].date : ''}</text>
      <text x={width} y={height + 16} fontSize="11" textAnchor="end">{days.length ? days[days.length - 1].date : ''}</text>
    </svg>
  );
};

const Dashboard = () => {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api.getDashboard().then((res) => setData(res.data), (err) => setError(String(err)));
  }, []);
  if (error) return <Box p="xl"><Text>Could not load the numbers: {error}</Text></Box>;
  if (!data) return <Box p="xl"><Text>Loading…</Text></Box>;
  return (
    <Box p="xl" data-testid="af-dashboard">
      <H2>asset-forge</H2>
      <Box flex flexWrap="wrap">
        <Stat label="Image assets" value={data.total_assets} testId="stat-assets" />
        <Stat label="Generations" value={data.total_generations} testId="stat-generations" />
        <Stat label="Storage used" value={formatBytes(data.storage_used)} testId="stat-storage" />
        {data.media_assets !== null && data.media_assets !== undefined && <Stat label="Media assets" value={data.media_assets} testId="stat-media" />}
      </Box>
      <Box variant="card" p="lg" mb="lg">
        <H5>Generations by status</H5>
        <Box flex flexWrap="wrap">
          {Object.entries(data.generations_by_status || {}).map(([status, count]) => (
            <Text key={status} mr="xl" data-testid={`status-${status}`}>{status}: {count}</Text>
          ))}
        </Box>
      </Box>
      <Box variant="card" p="lg">
        <H5>Generations, last 30 days</H5>
        <TrendChart days={data.daily || []} />
      </Box>
    </Box>
  );
};

export default Dashboard;
