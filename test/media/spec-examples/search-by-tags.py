# Copied verbatim from the spec (media-assets-api.md, Usage Examples); the test substitutes the placeholders.
import requests

# API endpoint
url = "https://api.example.com/api/media-assets"

# Query parameters
params = {
    "tag_ids": ["tag-uuid-1", "tag-uuid-2"],
    "file_type": ".jpg",
    "limit": 50,
    "sort_by": "uploaded_at",
    "sort_dir": "desc"
}

# Authentication headers
headers = {"Authorization": "Bearer YOUR_ACCESS_TOKEN"}

# Search for assets
response = requests.get(url, params=params, headers=headers)

if response.status_code == 200:
    result = response.json()
    assets = result["items"]
    print(f"Found {len(assets)} assets out of {result['total']} total")
    for asset in assets:
        print(f"Asset: {asset['file_name']} (ID: {asset['id']})")
else:
    print(f"Search failed: {response.text}")
