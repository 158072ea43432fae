"""Cross-cutting pieces every domain app uses: the application error, the audit trail, the API root."""
