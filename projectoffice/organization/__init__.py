"""The organisation of the multinational: company, business units, business/product lines, sites, groups,
and the project offices (a PMO per business line, a PSO per site or sites)."""
