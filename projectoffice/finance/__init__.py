"""Cost rates, exchange rates, expenses and invoices, budgets, and earned value."""
