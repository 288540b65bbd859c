"""Target indicators with deadlines (考核指标): definitions as data and the rule that judges them."""
