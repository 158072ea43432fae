"""Office workspaces: the PMO of a business line and the PSO of a site each get one page that gathers what the
office must act on — built only from the other apps' scoped querysets, so a user sees there nothing they could
not see elsewhere."""
