throw new Error('msgpackr-extract native acceleration is not installed');
