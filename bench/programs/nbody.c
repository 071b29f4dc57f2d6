/*
 * nbody — floating-point n-body simulation of the Sun and the four gas
 * giants (symplectic Euler steps, written for this project): f64 add, mul,
 * div and sqrt in tight loops over a struct-of-arrays.
 *
 * Scale: thousands of time steps.
 * Output: total energy before and after (9 decimals).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "bench_util.h"

#define BODIES 5
#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

struct system {
	double x[BODIES], y[BODIES], z[BODIES];
	double vx[BODIES], vy[BODIES], vz[BODIES];
	double mass[BODIES];
};

/* Positions in AU, velocities in AU/day (scaled to AU/year), masses in
 * solar masses (scaled by SOLAR_MASS). */
static const double initial[BODIES][7] = {
	{ 0, 0, 0, 0, 0, 0, 1 },
	{ 4.84143144246472090e+00, -1.16032004402742839e+00,
	  -1.03622044471123109e-01, 1.66007664274403694e-03,
	  7.69901118419740425e-03, -6.90460016972063023e-05,
	  9.54791938424326609e-04 },
	{ 8.34336671824457987e+00, 4.12479856412430479e+00,
	  -4.03523417114321381e-01, -2.76742510726862411e-03,
	  4.99852801234917238e-03, 2.30417297573763929e-05,
	  2.85885980666130812e-04 },
	{ 1.28943695621391310e+01, -1.51111514016986312e+01,
	  -2.23307578892655734e-01, 2.96460137564761618e-03,
	  2.37847173959480950e-03, -2.96589568540237556e-05,
	  4.36624404335156298e-05 },
	{ 1.53796971148509165e+01, -2.59193146099879641e+01,
	  1.79258772950371181e-01, 2.68067772490389322e-03,
	  1.62824170038242295e-03, -9.51592254519715870e-05,
	  5.15138902046611451e-05 },
};

static void system_init(struct system *s)
{
	double px = 0, py = 0, pz = 0;

	for (int i = 0; i < BODIES; i++) {
		s->x[i] = initial[i][0];
		s->y[i] = initial[i][1];
		s->z[i] = initial[i][2];
		s->vx[i] = initial[i][3] * DAYS_PER_YEAR;
		s->vy[i] = initial[i][4] * DAYS_PER_YEAR;
		s->vz[i] = initial[i][5] * DAYS_PER_YEAR;
		s->mass[i] = initial[i][6] * SOLAR_MASS;
		px += s->vx[i] * s->mass[i];
		py += s->vy[i] * s->mass[i];
		pz += s->vz[i] * s->mass[i];
	}
	/* Give the Sun the momentum that keeps the centre of mass still. */
	s->vx[0] = -px / SOLAR_MASS;
	s->vy[0] = -py / SOLAR_MASS;
	s->vz[0] = -pz / SOLAR_MASS;
}

static double system_energy(const struct system *s)
{
	double e = 0;

	for (int i = 0; i < BODIES; i++) {
		e += 0.5 * s->mass[i] * (s->vx[i] * s->vx[i] +
					 s->vy[i] * s->vy[i] +
					 s->vz[i] * s->vz[i]);
		for (int j = i + 1; j < BODIES; j++) {
			double dx = s->x[i] - s->x[j];
			double dy = s->y[i] - s->y[j];
			double dz = s->z[i] - s->z[j];

			e -= s->mass[i] * s->mass[j] /
			     sqrt(dx * dx + dy * dy + dz * dz);
		}
	}
	return e;
}

static void system_step(struct system *s, double dt)
{
	for (int i = 0; i < BODIES; i++) {
		for (int j = i + 1; j < BODIES; j++) {
			double dx = s->x[i] - s->x[j];
			double dy = s->y[i] - s->y[j];
			double dz = s->z[i] - s->z[j];
			double d2 = dx * dx + dy * dy + dz * dz;
			double mag = dt / (d2 * sqrt(d2));
			double mi = s->mass[i] * mag, mj = s->mass[j] * mag;

			s->vx[i] -= dx * mj;
			s->vy[i] -= dy * mj;
			s->vz[i] -= dz * mj;
			s->vx[j] += dx * mi;
			s->vy[j] += dy * mi;
			s->vz[j] += dz * mi;
		}
	}
	for (int i = 0; i < BODIES; i++) {
		s->x[i] += dt * s->vx[i];
		s->y[i] += dt * s->vy[i];
		s->z[i] += dt * s->vz[i];
	}
}

int main(int argc, char **argv)
{
	uint32_t ksteps = bench_scale(argc, argv, 2000);
	struct system s;

	system_init(&s);
	printf("nbody: energy before %.9f\n", system_energy(&s));
	for (uint32_t k = 0; k < ksteps; k++)
		for (int i = 0; i < 1000; i++)
			system_step(&s, 0.01);
	printf("nbody: energy after %u000 steps %.9f\n", ksteps,
	       system_energy(&s));
	return 0;
}
