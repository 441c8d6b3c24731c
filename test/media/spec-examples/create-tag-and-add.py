# Copied verbatim from the spec (media-assets-api.md, Usage Examples); the test substitutes the placeholders.
import requests

# API endpoint for creating a tag
tag_url = "https://api.example.com/api/tags"

# Tag data
tag_data = {
    "name": "Product Photos",
    "description": "Official product photography",
    "color": "#FF5733"
}

# Authentication headers
headers = {
    "Authorization": "Bearer YOUR_ACCESS_TOKEN",
    "Content-Type": "application/json"
}

# Create the tag
tag_response = requests.post(tag_url, json=tag_data, headers=headers)

if tag_response.status_code == 201:
    tag = tag_response.json()
    tag_id = tag["id"]
    print(f"Tag created successfully. Tag ID: {tag_id}")
    
    # Now add this tag to an existing asset
    asset_id = "existing-asset-uuid"
    tag_asset_url = f"https://api.example.com/api/media-assets/{asset_id}/tags"
    
    tag_asset_data = {
        "tag_ids": [tag_id]
    }
    
    # Add tag to asset
    tag_asset_response = requests.post(tag_asset_url, json=tag_asset_data, headers=headers)
    
    if tag_asset_response.status_code == 200:
        print("Tag added to asset successfully")
    else:
        print(f"Failed to add tag to asset: {tag_asset_response.text}")
else:
    print(f"Tag creation failed: {tag_response.text}")
