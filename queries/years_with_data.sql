-- years_with_data: years that have any observation or milestone update. No parameters.
select year from observations
union
select year from milestone_updates
order by year
