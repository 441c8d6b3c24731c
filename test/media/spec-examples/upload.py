# Copied verbatim from the spec (media-assets-api.md, Usage Examples); the test substitutes the placeholders.
import requests

# API endpoint
url = "https://api.example.com/api/media-assets/upload"

# File to upload
files = {"file": open("product_image.jpg", "rb")}

# Optional tags
data = {"tag_ids": ["tag-uuid-1", "tag-uuid-2"]}

# Authentication headers
headers = {"Authorization": "Bearer YOUR_ACCESS_TOKEN"}

# Upload the file
response = requests.post(url, files=files, data=data, headers=headers)

# Check if successful
if response.status_code == 201:
    media_asset = response.json()
    print(f"Uploaded successfully. Asset ID: {media_asset['id']}")
else:
    print(f"Upload failed: {response.text}")
