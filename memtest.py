import sys, resource, time
from common import *
pfx,pn,dpi,ms=sys.argv[1],int(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4])
eng=make_engine(1,ms); img=render(pdf_path(pfx),pn,dpi)
c=time.process_time(); r=eng(np.array(img)); c=time.process_time()-c
print(pfx,pn,dpi,'max_side',ms,img.size,f'cpu {c:.1f}s','peak rss',round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024),'MB')
