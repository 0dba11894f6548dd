it('sleeps', async () => { if (process.env.SLEEPY) await new Promise(r => setTimeout(r, 20000)); });
