"""The data-protection law (UU PDP) kept: retention, a person's requests, and who looked."""
