"""``newswh report``: the warehouse as one self-contained HTML page of charts and tables."""
