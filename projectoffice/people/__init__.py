"""People of the company: profiles, role assignments scoped to organisational units, certifications, skills,
and personal API tokens."""
