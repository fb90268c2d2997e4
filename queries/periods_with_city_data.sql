-- periods_with_city_data: the periods of a year with growth figures of some region other than the home
-- district (a city table of districts), latest last. $year $home
with active as (
    select revision from revision_state where active
),

final as (
    select period, max(end_month) as end_month, count(distinct region) as regions
    from observations o
    semi join active a on o.revision = a.revision
    where o.year = $year and o.region <> $home and o.growth_pct is not null
    group by period
)

select * from final order by end_month
